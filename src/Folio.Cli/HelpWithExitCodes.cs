using System.CommandLine;
using System.CommandLine.Invocation;

namespace Folio.Cli;

/// <summary><c>--help</c> as System.CommandLine writes it, followed by the table of exit codes.</summary>
internal sealed class HelpWithExitCodes(SynchronousCommandLineAction help) : SynchronousCommandLineAction
{
    /// <inheritdoc />
    public override bool ClearsParseErrors => true;

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        var code = help.Invoke(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(ExitCodes.Help);
        return code;
    }
}
