using Folio.Ocr.Runtime;
using Folio.Testing;
using Google.Protobuf;
using Onnx;
using Xunit.Abstractions;

namespace Folio.Ocr.Tests;

/// <summary>The typed-graph edits survive serialisation, and the session factory makes each edited model once.</summary>
public class GraphEditTests(ITestOutputHelper output)
{
    public static TheoryData<string> Models => [ModelFiles.Recognizer, ModelFiles.Detector, ModelFiles.Classifier];

    [ModelsTheory]
    [MemberData(nameof(Models))]
    public void UneditedModel_RoundTrips(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepoPaths.Models, file));
        var model = OnnxGraph.Parse(bytes);
        var again = OnnxGraph.Parse(model.ToByteArray());
        Assert.Equal(model, again);
        Assert.Equal(model.Graph.Node.Count, again.Graph.Node.Count);
        output.WriteLine($"{file}: {model.Graph.Node.Count} nodes; re-serialised bytes {(bytes.AsSpan().SequenceEqual(model.ToByteArray()) ? "identical" : "differ")}");
    }

    [ModelsTheory]
    [InlineData("fusion")]
    [InlineData("topk")]
    [InlineData("mixed")]
    [InlineData("static")]
    public void EditedModel_RoundTrips_WithTheSameNodes(string edit)
    {
        var model = OnnxGraph.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Models, ModelFiles.Recognizer)));
        var before = model.Clone();
        switch (edit)
        {
            case "fusion":
                HardSwishFusion.Fuse(model);
                break;
            case "topk":
                TopKHead.Append(model);
                break;
            case "static":
                StaticInputShape.Apply(model, [16, 3, 48, 1280]);
                break;
            default:
                MixedPrecision.Apply(model);
                break;
        }

        Assert.NotEqual(before, model);
        var again = OnnxGraph.Parse(model.ToByteArray());
        Assert.Equal(model, again);
        Assert.Equal(model.Graph.Node.Select(n => n.ToString()), again.Graph.Node.Select(n => n.ToString()));
        Assert.Equal(model.Graph.Initializer, again.Graph.Initializer);
        Assert.Equal(model.Graph.Output, again.Graph.Output);
    }

    [ModelsFact]
    public void Factory_MakesEachEditedModelOnce_ForEverySession()
    {
        var factory = new SessionFactory(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, Device = DeviceChoice.Cpu, IntraOpThreads = 1 });
        var recognizer = Path.Combine(RepoPaths.Models, ModelFiles.Recognizer);
        Assert.Equal(0, factory.ModelsPrepared);

        // As the recognizer does on CUDA: one session per width bucket, all of the same model and edit.
        for (var i = 0; i < 3; i++)
        {
            using var session = factory.Create(recognizer, TopKHead.Edit, fixedShapes: true);
            Assert.Equal([TopKHead.ClassOutput, TopKHead.ProbabilityOutput], session.OutputNames);
        }

        Assert.Equal(1, factory.ModelsPrepared);
        Assert.Same(factory.ModelBytes(recognizer, TopKHead.Edit), factory.ModelBytes(recognizer, TopKHead.Edit));

        // Another edit of the same file, and another file, are models of their own.
        using (factory.Create(recognizer))
        {
            Assert.Equal(2, factory.ModelsPrepared);
        }

        using (factory.Create(Path.Combine(RepoPaths.Models, ModelFiles.Detector)))
        {
            Assert.Equal(3, factory.ModelsPrepared);
        }

        Assert.True(factory.Fused[ModelFiles.Recognizer] > 0);
    }

    [ModelsFact]
    public void MixedPrecision_AppliesOnlyOnCuda()
    {
        var factory = new SessionFactory(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, Device = DeviceChoice.Cpu, Precision = ModelPrecision.Mixed });
        Assert.Equal(ModelPrecision.Fp32, factory.Precision);
        var model = OnnxGraph.Parse(factory.ModelBytes(Path.Combine(RepoPaths.Models, ModelFiles.Recognizer)));
        Assert.DoesNotContain(model.Graph.Initializer, i => i.DataType == (int)TensorProto.Types.DataType.Float16);
    }
}
