using Folio.Ocr.Runtime;
using Folio.Testing;
using Microsoft.ML.OnnxRuntime;

namespace Folio.Ocr.Tests;

/// <summary>ONNX Runtime's profile names the provider of every node a session ran.</summary>
public class NodePlacementTests
{
    [ModelsFact]
    public void Profile_NamesEveryNodeAndItsProvider()
    {
        var factory = new SessionFactory(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, Device = DeviceChoice.Cpu, IntraOpThreads = 1 });
        var model = Path.Combine(RepoPaths.Models, ModelFiles.Classifier);
        var prefix = Path.Combine(Path.GetTempPath(), $"folio-profile-{Guid.NewGuid():N}");
        string profile;
        using (var session = factory.Create(model, profilePrefix: prefix))
        {
            using var tensor = OrtValue.CreateTensorValueFromMemory(new float[3 * 48 * 192], [1, 3, 48, 192]);
            using var runOptions = new RunOptions();
            session.Run(runOptions, [session.InputNames[0]], [tensor], session.OutputNames).Dispose();
            profile = session.EndProfiling();
        }

        var placements = NodePlacement.FromProfile(profile);
        File.Delete(profile);
        Assert.Contains(placements, p => p.OpType == "Conv");
        Assert.All(placements, p => Assert.Equal("CPUExecutionProvider", p.Provider));
        Assert.Equal(placements.Count, placements.Select(p => p.Node).Distinct().Count());
        // The classifier's first convolution outputs a feature map, its final Softmax two values a line.
        Assert.True(placements.First(p => p.OpType == "Conv").OutputValues > 1000);
        Assert.Equal(2, placements.Last(p => p.OpType == "Softmax").OutputValues);
    }
}
