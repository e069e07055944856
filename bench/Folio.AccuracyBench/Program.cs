using System.Globalization;
using Folio.AccuracyBench;
using Folio.Bench;
using Folio.Ocr;

// folio-accuracy-bench [--sets manuals,docs,journals] [--conditions clean,degraded] [--pages N=6] [--save DIR]
// Folio's engine and Tesseract 5 on the same real pages, clean and degraded, scored against the PDF text layer.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 64;
}

Console.WriteLine($"machine: {Machine.Describe()}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"conditions: clean = {PageImages.CleanDpi} dpi PNG; degraded = {PageImages.DegradedDpi} dpi, turned {Degradation.RotationDegrees}°, blur sigma {Degradation.BlurSigma} px, noise sigma {Degradation.NoiseSigma}, JPEG quality {Degradation.JpegQuality}"));
var pages = options.Sets.SelectMany(set => PageSets.Load(set, options.PagesPerSet)).ToList();
foreach (var set in options.Sets)
{
    var names = pages.Where(p => p.Set == set).Select(p => p.Name).ToList();
    Console.WriteLine($"set {set}: {(names.Count > 0 ? string.Join(", ", names) : "no page qualifies on this machine")}; truth: {PageSets.TruthOf(set)}");
}

var images = options.Conditions.SelectMany(condition => pages.Select(page => PageImages.Make(page, condition))).ToList();
var save = options.SaveDirectory is { } directory ? new SavedRun(directory) : null;
var folder = Directory.CreateTempSubdirectory("folio-accuracy-");
foreach (var image in images)
{
    File.WriteAllBytes(Path.Combine(folder.FullName, image.FileName), image.Bytes);
    save?.Image(image);
}

var batches = new List<(List<PageImage> Images, ReadBatch Batch)>();
foreach (var condition in options.Conditions)
{
    var batch = images.Where(i => i.Condition == condition).ToList();
    batches.Add((batch, Readers.ReadWithTesseract(condition, [.. batch.Select(i => Path.Combine(folder.FullName, i.FileName))])));
}

foreach (var label in options.Engines)
{
    using var engine = new OcrEngine(EngineSettings.EngineOptions(label, options.ModelDirectory));
    engine.WarmUp();
    foreach (var condition in options.Conditions)
    {
        var batch = images.Where(i => i.Condition == condition).ToList();
        batches.Add((batch, Readers.ReadWithFolio(label, engine, condition, batch)));
    }
}

folder.Delete(recursive: true);
var read = batches.SelectMany(b => b.Images.Select((image, i) => (image.Page, image.Condition, b.Batch.Reader, Text: b.Batch.Texts[i]))).ToList();
var journals = pages.Where(p => p.Set == "journals").ToList();
ReadBatch? bornDigital = null;
if (journals.Count > 0)
{
    bornDigital = Readers.ReadBornDigital(journals);
    read.AddRange(journals.Select((page, i) => (page, Readers.BornDigitalCondition, bornDigital.Reader, bornDigital.Texts[i])));
}

foreach (var (page, condition, reader, text) in read)
{
    save?.Text(page, condition, reader, text);
}

var scores = new Score[read.Count];
Parallel.For(0, read.Count, i => scores[i] = Score.Of(read[i].Page, read[i].Condition, read[i].Reader, read[i].Text));
var setOrder = options.Sets.ToList();
var ordered = scores
    .OrderBy(s => setOrder.IndexOf(s.Page.Set))
    .ThenBy(s => pages.IndexOf(s.Page))
    .ThenBy(s => s.Condition == Readers.BornDigitalCondition ? 1 : 0)
    .ThenBy(s => s.Condition, StringComparer.Ordinal)
    .ThenBy(s => s.Reader == Readers.TesseractName ? 0 : 1)
    .ThenBy(s => s.Reader, StringComparer.Ordinal)
    .ToList();
Report.PerPage(ordered);
Report.Medians(ordered);
Report.Speed([.. batches.Select(b => b.Batch), .. bornDigital is null ? Array.Empty<ReadBatch>() : [bornDigital]]);
Report.Ratios(ordered, options.Engines);
if (options.SaveDirectory is { } saved)
{
    Console.WriteLine();
    Console.WriteLine($"saved: images, truth and every reader's text under {Path.GetFullPath(saved)}");
}

return 0;
