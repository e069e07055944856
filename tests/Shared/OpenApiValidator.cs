using System.Diagnostics;

namespace Folio.Testing;

/// <summary>
/// Checks an OpenAPI document with a real validator: npm's <c>@seriousme/openapi-schema-validator</c> (pinned in
/// tools/package.json, installed by scripts/test.sh), run through node. It checks the document against the OpenAPI
/// schema of its version and resolves every <c>$ref</c>.
/// </summary>
internal static class OpenApiValidator
{
    private const string Script = """
        const { Validator } = await import(process.argv[1]);
        const validator = new Validator();
        const result = await validator.validate(process.argv[2]);
        if (!result.valid) {
          console.log(JSON.stringify(result.errors, null, 1));
          process.exit(1);
        }
        validator.resolveRefs();
        console.log("valid OpenAPI " + validator.version);
        """;

    /// <summary>The package's entry point in tools/node_modules.</summary>
    public static string Package => Path.Combine(RepoPaths.Root, "tools", "node_modules", "@seriousme", "openapi-schema-validator", "index.js");

    /// <summary>Why documents cannot be validated here, or null when they can.</summary>
    public static string? SkipReason { get; } =
        Node() is null ? "node is not installed (Debian: apt-get install nodejs npm)."
        : !File.Exists(Package) ? "@seriousme/openapi-schema-validator is not installed: cd tools && npm install --no-package-lock."
        : null;

    /// <summary>Validates the document in <paramref name="path"/>: whether it is valid, and what the validator said.</summary>
    public static (bool Valid, string Output) Validate(string path)
    {
        var start = new ProcessStartInfo(Node()!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--input-type=module", "-e", Script, Package, path })
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        if (!node.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            node.Kill(entireProcessTree: true);
            return (false, "the validator did not finish within a minute");
        }

        return (node.ExitCode == 0, output.Result + errors.Result);
    }

    private static string? Node() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "node"))
            .FirstOrDefault(File.Exists);
}

/// <summary>A fact that needs node and the OpenAPI validator; skipped with the reason otherwise.</summary>
internal sealed class OpenApiValidatorFactAttribute : FactAttribute
{
    public OpenApiValidatorFactAttribute() => Skip = OpenApiValidator.SkipReason;
}
