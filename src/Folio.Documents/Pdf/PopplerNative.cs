using System.Runtime.InteropServices;

namespace Folio.Documents.Pdf;

/// <summary>
/// P/Invoke declarations for Debian's poppler-glib, cairo, GObject and GLib
/// (packages <c>libpoppler-glib8</c> and <c>libcairo2</c>; GLib comes with them).
/// </summary>
internal static partial class PopplerNative
{
    public const string Poppler = "libpoppler-glib.so.8";
    public const string Cairo = "libcairo.so.2";
    public const string GObject = "libgobject-2.0.so.0";
    public const string GLib = "libglib-2.0.so.0";

    /// <summary><c>CAIRO_FORMAT_ARGB32</c>: premultiplied 32-bit pixels, B G R A in memory on little-endian machines.</summary>
    public const int CairoFormatArgb32 = 0;

    /// <summary>Cairo refuses image surfaces with a side over 32767 pixels.</summary>
    public const int CairoMaxSide = 32767;

    /// <summary><c>POPPLER_ERROR_ENCRYPTED</c> in the <c>poppler_error_quark()</c> domain.</summary>
    public const int PopplerErrorEncrypted = 1;

    private static readonly Lazy<string?> LoadError = new(ProbeLibraries);

    /// <summary>Throws a clear exception when the native libraries are missing, instead of a bare DllNotFoundException later.</summary>
    public static void EnsureAvailable()
    {
        if (LoadError.Value is { } error)
        {
            throw new DllNotFoundException(error);
        }
    }

    private static string? ProbeLibraries()
    {
        foreach (var library in new[] { Poppler, Cairo, GObject, GLib })
        {
            if (!NativeLibrary.TryLoad(library, out _))
            {
                return $"PDF rendering needs the native library '{library}', which could not be loaded. "
                    + "On Debian or Ubuntu install it with: apt-get install libpoppler-glib8 libcairo2";
            }
        }

        return null;
    }

    // GLib and GObject.
    [LibraryImport(GLib)]
    public static partial IntPtr g_bytes_new(IntPtr data, nuint size);

    [LibraryImport(GLib)]
    public static partial void g_bytes_unref(IntPtr bytes);

    [LibraryImport(GLib)]
    public static partial void g_error_free(IntPtr error);

    [LibraryImport(GObject)]
    public static partial void g_object_unref(IntPtr instance);

    // Poppler.
    [LibraryImport(Poppler)]
    public static partial uint poppler_error_quark();

    [LibraryImport(Poppler, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr poppler_document_new_from_bytes(IntPtr bytes, string? password, out IntPtr error);

    [LibraryImport(Poppler)]
    public static partial int poppler_document_get_n_pages(IntPtr document);

    [LibraryImport(Poppler)]
    public static partial IntPtr poppler_document_get_page(IntPtr document, int index);

    [LibraryImport(Poppler)]
    public static partial void poppler_page_get_size(IntPtr page, out double width, out double height);

    [LibraryImport(Poppler)]
    public static partial void poppler_page_render(IntPtr page, IntPtr cairo);

    // Cairo.
    [LibraryImport(Cairo)]
    public static partial IntPtr cairo_image_surface_create(int format, int width, int height);

    [LibraryImport(Cairo)]
    public static partial int cairo_surface_status(IntPtr surface);

    [LibraryImport(Cairo)]
    public static partial void cairo_surface_flush(IntPtr surface);

    [LibraryImport(Cairo)]
    public static partial IntPtr cairo_image_surface_get_data(IntPtr surface);

    [LibraryImport(Cairo)]
    public static partial int cairo_image_surface_get_stride(IntPtr surface);

    [LibraryImport(Cairo)]
    public static partial void cairo_surface_destroy(IntPtr surface);

    [LibraryImport(Cairo)]
    public static partial IntPtr cairo_create(IntPtr surface);

    [LibraryImport(Cairo)]
    public static partial int cairo_status(IntPtr cairo);

    [LibraryImport(Cairo)]
    public static partial void cairo_set_source_rgb(IntPtr cairo, double red, double green, double blue);

    [LibraryImport(Cairo)]
    public static partial void cairo_paint(IntPtr cairo);

    [LibraryImport(Cairo)]
    public static partial void cairo_scale(IntPtr cairo, double sx, double sy);

    [LibraryImport(Cairo)]
    public static partial void cairo_destroy(IntPtr cairo);

    /// <summary>
    /// Turns a <c>GError*</c> into a <see cref="DocumentException"/> and frees it.
    /// GError is { GQuark domain; gint code; gchar *message; }.
    /// </summary>
    public static DocumentException TakeError(IntPtr error, string what)
    {
        if (error == IntPtr.Zero)
        {
            return new DocumentException(DocumentErrorKind.Undecodable, $"{what}: poppler gave no reason.");
        }

        try
        {
            var domain = (uint)Marshal.ReadInt32(error, 0);
            var code = Marshal.ReadInt32(error, 4);
            var message = Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(error, 8)) ?? "no message";
            return domain == poppler_error_quark() && code == PopplerErrorEncrypted
                ? new DocumentException(DocumentErrorKind.Encrypted, $"The PDF is password-protected: {message}")
                : new DocumentException(DocumentErrorKind.Undecodable, $"{what}: {message}");
        }
        finally
        {
            g_error_free(error);
        }
    }
}
