using Onnx;

namespace Folio.Ocr.Runtime;

/// <summary>
/// An in-place edit of a model's graph made before a session loads it (e.g. <see cref="TopKHead.Edit"/>). The name
/// identifies the edit: <see cref="SessionFactory"/> keeps the edited bytes of each model and edit name once.
/// </summary>
/// <param name="Name">Stands for the edit and its settings: two edits of the same name must make the same model.</param>
/// <param name="Apply">Edits the model in place.</param>
public sealed record GraphEdit(string Name, Action<ModelProto> Apply)
{
    /// <summary>This edit, then <paramref name="next"/>, as one edit named after both.</summary>
    public GraphEdit Then(GraphEdit next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return new($"{Name}+{next.Name}", model =>
        {
            Apply(model);
            next.Apply(model);
        });
    }
}
