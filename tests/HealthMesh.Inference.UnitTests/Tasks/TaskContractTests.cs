using HealthMesh.Inference.Runtime;
using HealthMesh.Inference.Tokenization;
using HealthMesh.Inference.Models;
using HealthMesh.Inference.Tasks;
using HealthMesh.Inference.UnitTests.TestModels;

namespace HealthMesh.Inference.UnitTests.Tasks;

/// <summary>ONNX Runtime running the project's own tiny models gives what the same computation gives in C#.</summary>
public sealed class TaskContractTests : IDisposable
{
    private const float Tolerance = 1e-5f;
    private readonly ModelFolders _folders = new();

    [Theory]
    [InlineData("Patient has chest pain.")]
    [InlineData("No fever, denies cough. Lungs clear; heart regular rate")]
    [InlineData("unknownword")]
    public async Task Text_embedding_is_the_mean_pooled_normalised_reference(string text)
    {
        var folder = TinyModels.WriteFolder(_folders.Root, "embedding", TinyModels.Embedding(), TinyModels.Manifest(ModelTask.TextEmbedding, "last_hidden_state"));
        await using var model = ModelFolders.Loader().Load("embedding", folder);

        var vector = (await new OnnxTextEmbedder(model).EmbedAsync([text], CancellationToken.None))[0];

        var rows = TinyModels.EmbeddingReference(model.Encode(text).Ids);
        var expected = new float[TinyModels.Hidden];
        foreach (var row in rows)
        {
            for (var k = 0; k < expected.Length; k++)
            {
                expected[k] += row[k] / rows.Length;
            }
        }

        var norm = MathF.Sqrt(expected.Sum(v => v * v));
        Assert.Equal(expected.Select(v => v / norm), vector, (a, b) => MathF.Abs(a - b) < Tolerance);
        Assert.Equal(1f, vector.Sum(v => v * v), 4);
    }

    [Theory]
    [InlineData("Plan: start lisinopril, follow up in 2 weeks.")]
    [InlineData("History of diabetes and hypertension")]
    public async Task Sequence_classification_is_the_softmax_of_the_reference_logits(string text)
    {
        var folder = TinyModels.WriteFolder(_folders.Root, "classifier", TinyModels.SequenceClassification(TinyModels.SequenceLabels.Length), TinyModels.Manifest(ModelTask.SequenceClassification, "logits", TinyModels.SequenceLabels));
        await using var model = ModelFolders.Loader().Load("classifier", folder);

        var result = (await new OnnxSequenceClassifier(model).ClassifyAsync([text], CancellationToken.None))[0];

        var logits = TinyModels.SequenceClassificationReference(model.Encode(text).Ids, TinyModels.SequenceLabels.Length);
        var expected = logits.Select(l => MathF.Exp(l)).ToArray();
        var sum = expected.Sum();
        Assert.Equal(expected.Select(e => e / sum), result.Probabilities, (a, b) => MathF.Abs(a - b) < Tolerance);
        Assert.Equal(TinyModels.SequenceLabels[Array.IndexOf(logits, logits.Max())], result.Label);
    }

    [Fact]
    public async Task Token_classification_logits_match_the_reference_and_spans_follow_their_argmax()
    {
        const string text = "Patient has chest pain, start lisinopril.";
        var labels = TinyModels.TokenLabels;
        var folder = TinyModels.WriteFolder(_folders.Root, "tagger", TinyModels.TokenClassification(labels.Length), TinyModels.Manifest(ModelTask.TokenClassification, "logits", labels));
        await using var model = ModelFolders.Loader().Load("tagger", folder);
        var encoded = model.Encode(text);

        var output = model.RunBatch([encoded])[0];
        var spans = (await new OnnxTokenClassifier(model).TagAsync([text], CancellationToken.None))[0];

        var reference = TinyModels.TokenClassificationReference(encoded.Ids, labels.Length);
        Assert.Equal(encoded.Ids.Length, output.Rows);
        for (var t = 0; t < reference.Length; t++)
        {
            Assert.Equal(reference[t], output.Row(t).ToArray(), (a, b) => MathF.Abs(a - b) < Tolerance);
        }

        var referenceSpans = OnnxTokenClassifier.Spans(encoded, new SequenceOutput([.. reference.SelectMany(r => r)], reference.Length, labels.Length), labels);
        Assert.Equal(referenceSpans.Select(s => (s.Label, s.Start, s.Length)), spans.Select(s => (s.Label, s.Start, s.Length)));
        Assert.All(spans, s => Assert.InRange(s.Start + s.Length, 1, text.Length));
    }

    [Fact]
    public void Token_spans_merge_inside_tokens_and_skip_special_tokens()
    {
        string[] labels = ["O", "B-PROBLEM", "I-PROBLEM"];
        var encoded = new EncodedText([2, 10, 11, 12, 3], [(-1, 0), (0, 5), (6, 4), (11, 2), (-1, 0)], false);
        float[][] logits = [[0, 9, 0], [0, 9, 0], [0, 0, 9], [9, 0, 0], [0, 9, 0]];

        var spans = OnnxTokenClassifier.Spans(encoded, new SequenceOutput([.. logits.SelectMany(r => r)], 5, 3), labels);

        var span = Assert.Single(spans);
        Assert.Equal(("PROBLEM", 0, 10), (span.Label, span.Start, span.Length));
    }

    [Fact]
    public async Task A_text_longer_than_max_length_is_cut_and_says_so()
    {
        var folder = TinyModels.WriteFolder(_folders.Root, "short", TinyModels.SequenceClassification(3), TinyModels.Manifest(ModelTask.SequenceClassification, "logits", TinyModels.SequenceLabels, maxLength: 8));
        await using var model = ModelFolders.Loader().Load("short", folder);

        var encoded = model.Encode("patient has chest pain and fever and cough and high blood pressure");

        Assert.True(encoded.Truncated);
        Assert.Equal(8, encoded.Ids.Length);
        Assert.Equal([2L, 3L], [encoded.Ids[0], encoded.Ids[^1]]);
    }

    public void Dispose() => _folders.Dispose();
}
