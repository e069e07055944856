namespace Folio.Vlm;

/// <summary>Why a region's text came from ppocr instead of the VLM (block <c>Fallback</c>, metric tag <c>reason</c>).</summary>
public static class FallbackReasons
{
    /// <summary>The answer reached the token cap (finish_reason <c>length</c>).</summary>
    public const string Length = "length";

    /// <summary>The answer repeats itself (a repetition loop).</summary>
    public const string Repetition = "repetition";

    /// <summary>No answer within the request timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>The server answered 5xx (or another error status).</summary>
    public const string Server = "server";

    /// <summary>The server could not be reached.</summary>
    public const string Connection = "connection";

    /// <summary>The answer was not valid JSON, or its table could not be parsed.</summary>
    public const string Malformed = "malformed";

    /// <summary>The answer was empty.</summary>
    public const string Empty = "empty";
}
