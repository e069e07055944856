using System.CommandLine;
using Folio.Cli;

var root = CommandLine.Create(OcrRun.RunAsync);
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0 && parsed.Action is not { ClearsParseErrors: true })
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"folio: {error.Message}");
    }

    Console.Error.WriteLine(CommandLine.Synopsis);
    return ExitCodes.Usage;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, cancel.Token).ConfigureAwait(false);
