namespace Folio.Pages.Geometry;

/// <summary>A point with float coordinates, used by the pure geometry helpers.</summary>
/// <param name="X">Horizontal coordinate.</param>
/// <param name="Y">Vertical coordinate.</param>
public readonly record struct PointF(float X, float Y)
{
    /// <summary>Euclidean distance to another point.</summary>
    public float DistanceTo(PointF other) => MathF.Sqrt(((X - other.X) * (X - other.X)) + ((Y - other.Y) * (Y - other.Y)));
}
