using System.Diagnostics;
using Folio.Ocr.Runtime;
using Folio.Testing;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Xunit.Abstractions;

namespace Folio.Ocr.Tests;

/// <summary>Scale-and-shift steps folded into the convolutions: the same outputs with fewer nodes, with numbers and on the real models.</summary>
public class ScaleShiftFoldingTests(ITestOutputHelper output)
{
    [Fact]
    public void ShiftBefore_AddsTheShiftTimesEachChannelsWeightSum()
    {
        // Two output channels of two weights each: sums 3 and 7.
        var bias = ScaleShiftFolding.FoldShiftBefore([1f, 2f, 3f, 4f], [0.5f, -1f], 2f);
        Assert.Equal([6.5f, 13f], bias);
    }

    [Fact]
    public void ScaleAfter_ScalesEachOutputChannelsWeightsAndBias()
    {
        var (weights, bias) = ScaleShiftFolding.FoldScaleAfter([1f, 2f, 3f, 4f], [0.5f, -1f], [2f, -0.5f]);
        Assert.Equal([2f, 4f, -1.5f, -2f], weights);
        Assert.Equal([1f, 0.5f], bias);
    }

    [Fact]
    public void SmallGraph_FoldsAroundPaddedAndUnpaddedConvolutions_AndComputesTheSame()
    {
        var model = SmallGraph();
        var original = model.ToByteArray();
        var folded = ScaleShiftFolding.Fold(model);
        var ops = model.Graph.Node.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{folded} steps folded; left: {string.Join(", ", ops.Select(kv => $"{kv.Key} {kv.Value}"))}");

        // After the padded convolution: scale (per channel) and shift. Before the unpadded one: scale and shift. Before
        // the padded depthwise one: the scale only, its shift stays as one Add. The branch read twice stays as it is
        // (its Mul and Add), as do the two Adds of two maps.
        Assert.Equal(5, folded);
        Assert.Equal(4, ops["Add"]);
        Assert.Equal(1, ops["Mul"]);
        Assert.Equal(5, ops["Conv"]);
        Assert.Equal(0, ScaleShiftFolding.Fold(OnnxGraph.Parse(model.ToByteArray())));

        var random = new Random(7);
        var input = Enumerable.Range(0, 2 * 5 * 6).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
        var expected = Run(original, input, [1, 2, 5, 6]);
        var actual = Run(model.ToByteArray(), input, [1, 2, 5, 6]);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"largest difference {worst:E2} over {expected.Length} values");
        Assert.True(worst < 1e-5, $"outputs differ by up to {worst}");

        // For the CPU, the shift left before the padded depthwise convolution becomes a normalisation of its 4 channels;
        // the branch's shift, read by two convolutions, stays an Add.
        Assert.Equal(1, ShiftNormalization.Rewrite(model));
        Assert.Equal(3, model.Graph.Node.Count(n => n.OpType == "Add"));
        var normalisation = Assert.Single(model.Graph.Node, n => n.OpType == "BatchNormalization");
        Assert.Equal("a3", normalisation.Output[0]);
        var normalised = Run(model.ToByteArray(), input, [1, 2, 5, 6]);
        worst = expected.Zip(normalised, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst < 1e-5, $"with the normalisation, outputs differ by up to {worst}");
    }

    [Fact]
    public void LoneScale_BeforeAPaddedConvolution_GoesIntoItsWeights()
    {
        var graph = new GraphProto { Name = "lone scale" };
        var weights = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 2, 1, 3, 3 } };
        weights.FloatData.AddRange(Enumerable.Range(0, 18).Select(i => (i % 5) - 2f));
        var scale = new TensorProto { Name = "s", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 1 }, FloatData = { -0.75f } };
        graph.Initializer.AddRange([weights, scale]);
        var pads = new AttributeProto { Name = "pads", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 1, 1, 1, 1 } };
        graph.Node.AddRange(
        [
            OnnxGraph.Node("mul", "Mul", ["s", "x"], ["m"]),
            OnnxGraph.Node("conv", "Conv", ["m", "w"], ["y"], pads, OnnxGraph.IntAttribute("group", 2)),
        ]);
        graph.Input.Add(OnnxGraph.TensorValue("x", TensorProto.Types.DataType.Float));
        graph.Output.Add(OnnxGraph.TensorValue("y", TensorProto.Types.DataType.Float));
        var model = new ModelProto { IrVersion = 7, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 13 });
        var original = model.ToByteArray();

        Assert.Equal(1, ScaleShiftFolding.Fold(model));
        Assert.Equal("x", Assert.Single(model.Graph.Node).Input[0]);
        var input = Enumerable.Range(0, 2 * 4 * 5).Select(i => (i % 7) - 3f).ToArray();
        var expected = Run(original, input, [1, 2, 4, 5]);
        var actual = Run(model.ToByteArray(), input, [1, 2, 4, 5]);
        Assert.True(expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max() < 1e-5, "outputs differ");
    }

    [ModelsTheory]
    [InlineData(ModelFiles.Recognizer)]
    [InlineData(ModelFiles.Detector)]
    public void RealModel_FoldedAfterTheHardSwishFusion_ForTheCpu_GivesTheSameOutputs(string file)
    {
        var model = OnnxGraph.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Models, file)));
        HardSwishFusion.Fuse(model);
        var fused = model.ToByteArray();
        var nodesBefore = model.Graph.Node.Count(n => n.OpType is "Mul" or "Add");
        var count = ScaleShiftFolding.Fold(model);
        var nodesAfter = model.Graph.Node.Count(n => n.OpType is "Mul" or "Add");
        var normalisations = ShiftNormalization.Rewrite(model);
        var folded = model.ToByteArray();
        output.WriteLine($"{file}: {count} steps folded, Mul and Add nodes {nodesBefore} → {nodesAfter}, {normalisations} shifts made normalisations");
        Assert.True(count >= 40, $"only {count} steps folded: PP-LCNetV3 has two after each of its hard-swish convolutions");
        Assert.Equal(nodesBefore - count, nodesAfter);
        Assert.True(normalisations > 0, "no shift left before a padded convolution");

        var (input, shape) = file == ModelFiles.Recognizer
            ? (SamplePage.LineBatch(2, 960), new long[] { 2, 3, 48, 960 })
            : ModelInputs.Page(SamplePage.Page, 640);
        using var fusedSession = Session(fused);
        using var foldedSession = Session(folded);
        var expected = Run(fusedSession, input, shape);
        var actual = Run(foldedSession, input, shape);
        var difference = OutputDifference.OfMaps(expected, actual);
        output.WriteLine(difference.ToString());
        Assert.True(difference.Max < 1e-4, difference.ToString());

        // For the record, not asserted (the machine may be busy with other work): interleaved, best of three.
        double slow = double.MaxValue, fast = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            Run(fusedSession, input, shape);
            slow = Math.Min(slow, clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            Run(foldedSession, input, shape);
            fast = Math.Min(fast, clock.Elapsed.TotalMilliseconds);
        }

        output.WriteLine($"one run, 1 thread, best of 3: {slow:F1} ms fused only, {fast:F1} ms folded");
    }

    private static InferenceSession Session(byte[] model)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        return new InferenceSession(model, options);
    }

    private static float[] Run(byte[] model, float[] input, long[] shape)
    {
        using var session = Session(model);
        return Run(session, input, shape);
    }

    private static float[] Run(InferenceSession session, float[] input, long[] shape)
    {
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [session.InputNames[0]], [tensor], [session.OutputNames[0]]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    // x [1,2,5,6] → 3×3 conv, pad 1 (2 → 3) → ·[0.5, 2, −1] per channel → +0.25 → Relu → ·1.5 → −0.25
    // → 1×1 conv (3 → 4) → Relu → ·2 → +0.3 → 3×3 depthwise conv, pad 1 (4 groups) → y; and from the first Relu a
    // branch read twice (·3 → +1 → two 1×1 convs, summed into y), which must stay.
    private static ModelProto SmallGraph()
    {
        var random = new Random(3);
        float[] Values(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        var graph = new GraphProto { Name = "small" };
        void Constant(string name, float[] values, params long[] dims)
        {
            var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
            tensor.Dims.AddRange(dims);
            tensor.FloatData.AddRange(values);
            graph.Initializer.Add(tensor);
        }

        AttributeProto Ints(string name, params long[] values)
        {
            var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
            attribute.Ints.AddRange(values);
            return attribute;
        }

        Constant("w1", Values(3 * 2 * 9), 3, 2, 3, 3);
        Constant("b1", Values(3), 3);
        Constant("s1", [0.5f, 2f, -1f], 3, 1, 1);
        Constant("t1", [0.25f], 1);
        Constant("s2", [1.5f], 1);
        Constant("t2", [-0.25f], 1);
        Constant("w2", Values(4 * 3), 4, 3, 1, 1);
        Constant("b2", Values(4), 4);
        Constant("s3", [2f], 1);
        Constant("t3", [0.3f], 1);
        Constant("w3", Values(4 * 9), 4, 1, 3, 3);
        Constant("s4", [3f], 1);
        Constant("t4", [1f], 1);
        Constant("w4", Values(4 * 3), 4, 3, 1, 1);
        Constant("w5", Values(4 * 3), 4, 3, 1, 1);
        graph.Node.AddRange(
        [
            OnnxGraph.Node("conv1", "Conv", ["x", "w1", "b1"], ["c1"], Ints("pads", 1, 1, 1, 1), Ints("kernel_shape", 3, 3)),
            OnnxGraph.Node("mul1", "Mul", ["c1", "s1"], ["m1"]),
            OnnxGraph.Node("add1", "Add", ["t1", "m1"], ["a1"]),
            OnnxGraph.Node("relu1", "Relu", ["a1"], ["r1"]),
            OnnxGraph.Node("mul2", "Mul", ["s2", "r1"], ["m2"]),
            OnnxGraph.Node("add2", "Add", ["m2", "t2"], ["a2"]),
            OnnxGraph.Node("conv2", "Conv", ["a2", "w2", "b2"], ["c2"], Ints("kernel_shape", 1, 1)),
            OnnxGraph.Node("relu2", "Relu", ["c2"], ["r2"]),
            OnnxGraph.Node("mul3", "Mul", ["r2", "s3"], ["m3"]),
            OnnxGraph.Node("add3", "Add", ["t3", "m3"], ["a3"]),
            OnnxGraph.Node("conv3", "Conv", ["a3", "w3"], ["c3"], Ints("pads", 1, 1, 1, 1), Ints("kernel_shape", 3, 3), OnnxGraph.IntAttribute("group", 4)),
            OnnxGraph.Node("mul4", "Mul", ["r1", "s4"], ["m4"]),
            OnnxGraph.Node("add4", "Add", ["m4", "t4"], ["a4"]),
            OnnxGraph.Node("conv4", "Conv", ["a4", "w4"], ["c4"], Ints("kernel_shape", 1, 1)),
            OnnxGraph.Node("sum", "Add", ["c3", "c4"], ["s"]),
            OnnxGraph.Node("conv5", "Conv", ["a4", "w5"], ["c5"], Ints("kernel_shape", 1, 1)),
            OnnxGraph.Node("out", "Add", ["s", "c5"], ["y"]),
        ]);
        graph.Input.Add(OnnxGraph.TensorValue("x", TensorProto.Types.DataType.Float));
        graph.Output.Add(OnnxGraph.TensorValue("y", TensorProto.Types.DataType.Float));
        var model = new ModelProto { IrVersion = 7, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 13 });
        return model;
    }
}
