namespace Folio.AccuracyBench;

/// <summary>
/// Writes what the bench saw and read, for a developer to look at: DIR/SET/CONDITION/PAGE.png|jpg, PAGE.truth.txt
/// and PAGE.READER.txt (born-digital output under DIR/SET/pdf/).
/// </summary>
internal sealed class SavedRun(string directory)
{
    public void Image(PageImage image)
    {
        var folder = Folder(image.Page, image.Condition);
        File.WriteAllBytes(Path.Combine(folder, $"{FileNames.Safe(image.Page.Name)}.{image.Extension}"), image.Bytes);
        File.WriteAllText(Path.Combine(folder, $"{FileNames.Safe(image.Page.Name)}.truth.txt"), image.Page.Truth);
    }

    public void Text(SourcePage page, string condition, string reader, string text)
    {
        var folder = Folder(page, condition);
        if (condition == Readers.BornDigitalCondition)
        {
            File.WriteAllText(Path.Combine(folder, $"{FileNames.Safe(page.Name)}.truth.txt"), page.Truth);
        }

        File.WriteAllText(Path.Combine(folder, $"{FileNames.Safe(page.Name)}.{FileNames.Safe(reader)}.txt"), text);
    }

    private string Folder(SourcePage page, string condition) =>
        Directory.CreateDirectory(Path.Combine(directory, FileNames.Safe(page.Set), condition)).FullName;
}
