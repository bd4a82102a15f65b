using HealthMesh.Inference.Models;
using HealthMesh.Inference.Onnx;
using HealthMesh.Inference.UnitTests.TestModels;

namespace HealthMesh.Inference.UnitTests.Models;

/// <summary>A model folder that cannot serve fails at load with a message naming what is wrong.</summary>
public sealed class ModelContractTests : IDisposable
{
    private readonly ModelFolders _folders = new();

    private string Classifier(string name, byte[]? model = null, ModelManifest? manifest = null) =>
        TinyModels.WriteFolder(_folders.Root, name, model ?? TinyModels.SequenceClassification(3),
            manifest ?? TinyModels.Manifest(ModelTask.SequenceClassification, "logits", TinyModels.SequenceLabels));

    private static ModelContractException LoadFails(string folder) =>
        Assert.Throws<ModelContractException>(() => ModelFolders.Loader().Load("m", folder));

    [Fact]
    public async Task A_valid_folder_loads()
    {
        await using var model = ModelFolders.Loader().Load("m", Classifier("valid"));
        Assert.Equal(64, model.ContentHash.Length);
    }

    [Fact]
    public void A_missing_model_file_is_named()
    {
        var folder = Classifier("no-model");
        File.Delete(Path.Combine(folder, "model.onnx"));
        Assert.Equal(["model.onnx is missing"], LoadFails(folder).Problems);
    }

    [Fact]
    public void A_missing_manifest_is_named()
    {
        var folder = Classifier("no-manifest");
        File.Delete(Path.Combine(folder, "manifest.json"));
        Assert.Equal(["manifest.json is missing"], LoadFails(folder).Problems);
    }

    [Fact]
    public void A_missing_folder_is_named() =>
        Assert.Contains("does not exist", LoadFails(Path.Combine(_folders.Root, "nowhere")).Message);

    [Fact]
    public void A_corrupt_model_file_says_onnx_runtime_cannot_load_it()
    {
        var error = LoadFails(Classifier("corrupt", TinyModels.Corrupt(TinyModels.SequenceClassification(3))));
        Assert.StartsWith("model.onnx is not a model ONNX Runtime can load", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_manifest_that_is_not_json_is_named()
    {
        var folder = Classifier("bad-json");
        File.WriteAllText(Path.Combine(folder, "manifest.json"), "{ \"task\": ");
        Assert.StartsWith("manifest.json is not a valid manifest", Assert.Single(LoadFails(folder).Problems));
    }

    [Fact]
    public void A_manifest_missing_a_required_field_is_named()
    {
        var folder = Classifier("no-task");
        File.WriteAllText(Path.Combine(folder, "manifest.json"), """{ "name": "m", "version": "1", "maxLength": 8, "output": "logits", "tokenizer": { "kind": "WordPiece", "vocabulary": "vocab.txt" } }""");
        Assert.Contains("task", Assert.Single(LoadFails(folder).Problems));
    }

    [Fact]
    public void A_missing_vocabulary_file_is_named()
    {
        var folder = Classifier("no-vocab");
        File.Delete(Path.Combine(folder, "vocab.txt"));
        Assert.Contains("WordPiece tokenizer cannot be read", Assert.Single(LoadFails(folder).Problems));
    }

    [Fact]
    public void An_output_name_the_graph_lacks_is_named_with_the_graphs_outputs()
    {
        var error = LoadFails(Classifier("wrong-output", TinyModels.SequenceClassification(3, output: "scores")));
        Assert.Equal(["manifest output names graph output 'logits', which the graph does not have (its outputs: 'scores')"], error.Problems);
    }

    [Fact]
    public void An_input_name_the_graph_lacks_is_named_and_the_unfed_input_too()
    {
        var manifest = TinyModels.Manifest(ModelTask.SequenceClassification, "logits", TinyModels.SequenceLabels) with { Inputs = new ModelInputNames(InputIds: "ids") };
        var error = LoadFails(Classifier("wrong-input", manifest: manifest));
        Assert.Equal(
            ["manifest inputs.inputIds names graph input 'ids', which the graph does not have (its inputs: 'attention_mask', 'input_ids')",
             "graph input 'input_ids' is not named by the manifest, so nothing would feed it"],
            error.Problems);
    }

    [Fact]
    public void A_wrong_element_type_is_named()
    {
        var error = LoadFails(Classifier("int32-ids", TinyModels.SequenceClassification(3, idsType: TensorProto.Types.DataType.Int32)));
        Assert.Contains("graph input 'input_ids' (inputs.inputIds) holds int32, expected int64", error.Problems);
    }

    [Fact]
    public void A_label_count_that_differs_from_the_graph_is_named()
    {
        var error = LoadFails(Classifier("labels", manifest: TinyModels.Manifest(ModelTask.SequenceClassification, "logits", ["a", "b"])));
        Assert.Equal(["graph output 'logits' has 3 classes in its last dimension but the manifest lists 2 labels"], error.Problems);
    }

    [Fact]
    public void A_task_whose_output_rank_differs_from_the_graph_is_named()
    {
        var error = LoadFails(Classifier("rank", manifest: TinyModels.Manifest(ModelTask.TokenClassification, "logits", TinyModels.SequenceLabels)));
        Assert.Equal(["graph output 'logits' (output) has rank 2 [-1, 3], expected rank 3"], error.Problems);
    }

    [Fact]
    public void A_causal_model_without_cache_tensors_is_named()
    {
        var error = LoadFails(Classifier("causal", manifest: TinyModels.Manifest(ModelTask.CausalGeneration, "logits")));
        Assert.Contains("a causal generation model needs cache.layers (the key-value cache tensors per layer)", error.Problems);
        Assert.Contains("graph output 'logits' (output) has rank 2 [-1, 3], expected rank 3", error.Problems);
    }

    public void Dispose() => _folders.Dispose();
}
