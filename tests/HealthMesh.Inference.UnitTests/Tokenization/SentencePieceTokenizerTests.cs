using HealthMesh.Inference.Models;
using HealthMesh.Inference.Tasks;
using HealthMesh.Inference.Tokenization;
using HealthMesh.Inference.UnitTests.TestModels;
using static HealthMesh.Inference.UnitTests.TestModels.SentencePiece.TrainerSpec.Types;

namespace HealthMesh.Inference.UnitTests.Tokenization;

/// <summary>
/// A model folder whose tokenizer is a SentencePiece <c>.model</c> (the project writes it with Google.Protobuf):
/// it loads through Microsoft.ML.Tokenizers, splits on its pieces, points every token back at its characters,
/// decodes to the text, and spells what it lacks from characters or reads it as unknown.
/// </summary>
public sealed class SentencePieceTokenizerTests : IDisposable
{
    private readonly ModelFolders _folders = new();

    [Theory]
    [InlineData(ModelType.Unigram)]
    [InlineData(ModelType.Bpe)]
    public void Known_words_are_one_piece_each_and_offsets_point_at_them(ModelType type)
    {
        const string text = "the patient has fever";
        var tokenizer = Load(type);

        var encoded = tokenizer.Encode(text, maxLength: 32);

        Assert.Equal(new[] { "the", "patient", "has", "fever" }.Select(w => (long)SentencePieceModels.Id(type, SentencePieceModels.WordStart + w)), encoded.Ids);
        Assert.Equal(["the", "patient", "has", "fever"], encoded.Offsets.Select(o => text.Substring(o.Start, o.Length)));
        Assert.False(encoded.Truncated);
        Assert.Equal(text, tokenizer.Decode(encoded.Ids));
    }

    [Theory]
    [InlineData(ModelType.Unigram)]
    [InlineData(ModelType.Bpe)]
    public void An_unseen_word_is_spelled_from_pieces_and_an_unseen_character_is_unknown(ModelType type)
    {
        var tokenizer = Load(type);

        var spelled = tokenizer.Encode("chaste", maxLength: 32);
        var unknown = tokenizer.Encode("fever x", maxLength: 32);

        Assert.True(spelled.Ids.Length > 1);
        Assert.DoesNotContain(0L, spelled.Ids);
        Assert.Equal("chaste", tokenizer.Decode(spelled.Ids));
        Assert.Contains(0L, unknown.Ids);
    }

    [Fact]
    public void Long_text_is_cut_at_the_max_length_and_says_so()
    {
        var tokenizer = Load(ModelType.Unigram);

        var encoded = tokenizer.Encode(string.Join(' ', Enumerable.Repeat("the patient denies chest pain", 10)), maxLength: 8);

        Assert.Equal(8, encoded.Ids.Length);
        Assert.True(encoded.Truncated);
    }

    [Fact]
    public async Task A_model_folder_with_a_sentencepiece_tokenizer_loads_and_its_token_spans_are_whole_words_of_the_text()
    {
        const string text = "the  patient denies chest pain and fever";
        var folder = TinyModels.WriteFolder(_folders.Root, "sp-tagger", TinyModels.TokenClassification(TinyModels.TokenLabels.Length), TinyModels.Manifest(ModelTask.TokenClassification, "logits", TinyModels.TokenLabels) with
        {
            Tokenizer = new TokenizerManifest(TokenizerKind.SentencePiece, "tokenizer.model", LowerCase: false),
        });
        File.WriteAllBytes(Path.Combine(folder, "tokenizer.model"), SentencePieceModels.Write(ModelType.Unigram));
        await using var model = ModelFolders.Loader().Load("sp-tagger", folder);
        var encoded = model.Encode(text);

        var output = model.RunBatch([encoded])[0];
        var spans = (await new OnnxTokenClassifier(model).TagAsync([text], CancellationToken.None))[0];

        var reference = TinyModels.TokenClassificationReference(encoded.Ids, TinyModels.TokenLabels.Length);
        Assert.Equal(reference.SelectMany(r => r), output.Values, (a, b) => MathF.Abs(a - b) < 1e-5f);
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(words, encoded.Offsets.Select(o => text.Substring(o.Start, o.Length)));
        Assert.All(spans, s => Assert.Matches(@"^\S+(?: +\S+)*$", text.Substring(s.Start, s.Length)));
        Assert.All(spans, s => Assert.True((s.Start == 0 || text[s.Start - 1] == ' ') && (s.Start + s.Length == text.Length || text[s.Start + s.Length] == ' '), $"span {s.Start}+{s.Length} cuts a word"));
    }

    public void Dispose() => _folders.Dispose();

    private ModelTokenizer Load(ModelType type)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folders.Root, type.ToString())).FullName;
        File.WriteAllBytes(Path.Combine(folder, "tokenizer.model"), SentencePieceModels.Write(type));
        return ModelTokenizer.Load(folder, new TokenizerManifest(TokenizerKind.SentencePiece, "tokenizer.model", LowerCase: false));
    }
}
