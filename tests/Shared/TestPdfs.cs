using System.Globalization;
using System.Text;
using PdfSharp.Pdf;

namespace Folio.Testing;

/// <summary>PDFs made on the fly for tests.</summary>
internal static class TestPdfs
{
    /// <summary>A PDF of <paramref name="pages"/> empty pages, each a point wider than the one before.</summary>
    /// <remarks>Distinct pages, so that the page cache (keyed by page content) does not take one page for another.</remarks>
    public static byte[] Blank(int pages)
    {
        using var document = new PdfDocument();
        for (var i = 0; i < pages; i++)
        {
            var page = document.AddPage();
            page.Width = PdfSharp.Drawing.XUnit.FromPoint(595 + i);
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>
    /// A one-page PDF of a few kilobytes that poppler takes seconds to render: form XObjects nested five deep, each
    /// drawing the next <paramref name="fanOut"/> times, the last a filled triangle, so the page fills
    /// <paramref name="fanOut"/>⁵ triangles (12: about 250,000, some 6 s at 150 dpi on one core of the development
    /// machine; the time grows with the count, hardly with the dpi).
    /// </summary>
    public static byte[] SlowToRender(int fanOut = 12)
    {
        const int depth = 6;
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /F0 5 0 R >> >> >>",
            Stream(string.Empty, "0.2 g /F0 Do\n"),
        };
        for (var level = 0; level < depth; level++)
        {
            if (level == depth - 1)
            {
                objects.Add(Stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792]", "0 0 m 3 0 l 1.5 2.5 l h f\n"));
                continue;
            }

            var content = new StringBuilder();
            for (var k = 0; k < fanOut; k++)
            {
                content.Append(CultureInfo.InvariantCulture, $"q 1 0 0 1 {k % 4} {k / 4} cm /F{level + 1} Do Q\n");
            }

            objects.Add(Stream($"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /F{level + 1} {6 + level} 0 R >> >>", content.ToString()));
        }

        return Assemble(objects);
    }

    /// <summary>
    /// A one-page PDF whose cross-reference table is missing, with <paramref name="objects"/> small objects: poppler
    /// rebuilds the table by scanning every one before it can open the file (300,000: 8.5 MB, some 150 ms).
    /// </summary>
    public static byte[] SlowToOpen(int objects = 300_000)
    {
        var pdf = new StringBuilder("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
            + "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n");
        for (var i = 4; i < objects; i++)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{i} 0 obj\n[{i}]\nendobj\n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects} /Root 1 0 R >>\nstartxref\n999999999\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    private static string Stream(string dictionary, string content) =>
        string.Create(CultureInfo.InvariantCulture, $"<< {dictionary} /Length {content.Length} >>\nstream\n{content}\nendstream");

    // Numbers the objects from 1 (the first is the catalog) and writes the cross-reference table.
    private static byte[] Assemble(List<string> objects)
    {
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
