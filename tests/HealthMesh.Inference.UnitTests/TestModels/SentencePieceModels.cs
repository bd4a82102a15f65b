using Google.Protobuf;
using HealthMesh.Inference.UnitTests.TestModels.SentencePiece;

namespace HealthMesh.Inference.UnitTests.TestModels;

/// <summary>
/// SentencePiece <c>.model</c> files written by the tests from a small vocabulary: control and unknown pieces first
/// (ids 0–2), then whole words with the "▁" word-start mark, then single characters so any word of those letters
/// can still be spelled. Scores are log-probabilities for unigram models and merge priorities for BPE ones.
/// </summary>
public static class SentencePieceModels
{
    public const char WordStart = '\u2581';

    public static readonly string[] Words = ["the", "patient", "has", "fever", "and", "cough", "denies", "chest", "pain"];

    public static byte[] Write(TrainerSpec.Types.ModelType type)
    {
        var model = new ModelProto
        {
            TrainerSpec = new TrainerSpec { ModelType = type, UnkId = 0, BosId = 1, EosId = 2, PadId = -1 },
            NormalizerSpec = new NormalizerSpec { Name = "identity", AddDummyPrefix = true, RemoveExtraWhitespaces = true, EscapeWhitespaces = true },
        };
        model.Pieces.Add(new ModelProto.Types.SentencePiece { Piece = "<unk>", Score = 0, Type = ModelProto.Types.SentencePiece.Types.Type.Unknown });
        model.Pieces.Add(new ModelProto.Types.SentencePiece { Piece = "<s>", Score = 0, Type = ModelProto.Types.SentencePiece.Types.Type.Control });
        model.Pieces.Add(new ModelProto.Types.SentencePiece { Piece = "</s>", Score = 0, Type = ModelProto.Types.SentencePiece.Types.Type.Control });
        var score = -1f;
        foreach (var piece in Pieces(type))
        {
            model.Pieces.Add(new ModelProto.Types.SentencePiece { Piece = piece, Score = score });
            score -= 0.5f;
        }

        model.TrainerSpec.VocabSize = model.Pieces.Count;
        return model.ToByteArray();
    }

    /// <summary>The id a piece has in <see cref="Write"/>'s model.</summary>
    public static int Id(TrainerSpec.Types.ModelType type, string piece) => 3 + Pieces(type).ToList().IndexOf(piece);

    private static IEnumerable<string> Pieces(TrainerSpec.Types.ModelType type)
    {
        var characters = Words.SelectMany(w => w).Distinct().Order().Select(c => c.ToString()).Prepend(WordStart.ToString()).ToList();
        var words = Words.Select(w => WordStart + w).ToList();
        if (type == TrainerSpec.Types.ModelType.Unigram)
        {
            return words.Concat(characters);
        }

        // BPE needs every intermediate merge as a piece: each prefix of "▁word", best score first.
        var merges = Words.SelectMany(w => Enumerable.Range(2, w.Length).Select(n => (WordStart + w)[..n])).Distinct();
        return characters.Concat(merges.Where(m => !words.Contains(m))).Concat(words).Distinct();
    }
}
