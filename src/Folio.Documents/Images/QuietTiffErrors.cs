using System.Globalization;
using BitMiracle.LibTiff.Classic;

namespace Folio.Documents.Images;

/// <summary>
/// LibTiff.NET writes errors and warnings to the console by default. This handler keeps the last error
/// of each thread for the exception message instead. The handler is process-wide (LibTiff.NET has no
/// per-file handler), so installing it also quiets other LibTiff.NET users in the process.
/// </summary>
internal sealed class QuietTiffErrors : TiffErrorHandler
{
    [ThreadStatic]
    private static string? _lastError;

    private static int _installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 0)
        {
            Tiff.SetErrorHandler(new QuietTiffErrors());
        }
    }

    /// <summary>The last error reported on this thread, cleared by reading it.</summary>
    public static string? TakeLastError()
    {
        var error = _lastError;
        _lastError = null;
        return error;
    }

    public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) =>
        _lastError = $"{method}: {string.Format(CultureInfo.InvariantCulture, format, args)}";

    public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
    {
        // The plain handler records the message; the extended one would repeat it.
    }

    public override void WarningHandler(Tiff tif, string method, string format, params object[] args)
    {
        // Warnings (unknown tags and the like) do not stop decoding.
    }

    public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
    {
    }
}
