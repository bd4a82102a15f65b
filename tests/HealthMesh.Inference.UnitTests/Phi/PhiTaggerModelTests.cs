using HealthMesh.Inference.Models;
using HealthMesh.Inference.Tasks;
using HealthMesh.Inference.UnitTests.TestModels;

namespace HealthMesh.Inference.UnitTests.Phi;

/// <summary>
/// The project-trained name tagger (services/Deidentification/.../Models/phi-tagger, not wired into de-identification):
/// it loads as a BIO token classifier and finds names it never trained on, by context and shape, in held-out-style text.
/// Its labels hold at each word's first token (it was trained on those only; continuation pieces are unscored), so it
/// is read word by word here, not through <see cref="OnnxTokenClassifier"/>, which labels every piece.
/// </summary>
public sealed class PhiTaggerModelTests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Models", "phi-tagger");

    [Fact]
    public async Task The_tagger_is_a_bio_name_classifier_and_marks_an_unseen_name_in_context_but_not_the_clinical_words()
    {
        const string text = "DISPOSITION: home with daughter Priya Okafor, who can be reached at the clinic.";
        await using var model = ModelFolders.Loader().Load("phi-tagger", Folder);

        var encoded = model.Encode(text);
        var output = (await model.RunAsync(encoded, CancellationToken.None)).Values;
        var labels = model.Manifest.Labels!;
        var words = System.Text.RegularExpressions.Regex.Matches(text, "[A-Za-z0-9]+");
        var names = words.Where(w =>
        {
            var t = Array.FindIndex(encoded.Offsets, o => o.Start == w.Index);
            var row = output.AsSpan(t * labels.Count, labels.Count);
            return labels[Softmax.ArgMax(row)] != "O";
        }).Select(w => w.Value).ToList();

        Assert.Equal(ModelTask.TokenClassification, model.Manifest.Task);
        Assert.Equal(["O", "B-NAME", "I-NAME"], labels);
        Assert.Equal(["Priya", "Okafor"], names);
    }
}
