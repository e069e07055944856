namespace Folio.Vlm;

/// <summary>The four PaddleOCR-VL tasks.</summary>
public enum VlmTask
{
    /// <summary>Plain text.</summary>
    Ocr,

    /// <summary>A table, answered as OTSL.</summary>
    Table,

    /// <summary>A formula, answered as LaTeX.</summary>
    Formula,

    /// <summary>A chart or figure, answered as a Markdown table.</summary>
    Chart,
}

/// <summary>Which task (and prompt) a layout region gets.</summary>
public static class VlmPrompts
{
    /// <summary>Task of a block kind: tables, formulas, charts and figures have their own; every text kind is OCR.</summary>
    public static VlmTask TaskFor(string kind) => kind.ToLowerInvariant() switch
    {
        "table" => VlmTask.Table,
        "formula" or "equation" or "display_formula" or "inline_formula" => VlmTask.Formula,
        "chart" or "figure" or "image" => VlmTask.Chart,
        _ => VlmTask.Ocr,
    };

    /// <summary>The prompt text of a task, as PaddleOCR-VL was trained on it.</summary>
    public static string PromptFor(VlmTask task) => task switch
    {
        VlmTask.Table => "Table Recognition:",
        VlmTask.Formula => "Formula Recognition:",
        VlmTask.Chart => "Chart Recognition:",
        _ => "OCR:",
    };
}
