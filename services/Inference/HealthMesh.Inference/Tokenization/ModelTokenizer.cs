using HealthMesh.Inference.Models;
using Microsoft.ML.Tokenizers;

namespace HealthMesh.Inference.Tokenization;

/// <summary>
/// The model folder's tokenizer (Microsoft.ML.Tokenizers): WordPiece wraps a text in [CLS] … [SEP] as BERT was
/// trained; BPE and SentencePiece add nothing. Texts longer than the model's max length are cut, and say so.
/// </summary>
public sealed class ModelTokenizer
{
    private readonly Tokenizer _tokenizer;
    private readonly int? _prefix;
    private readonly int? _suffix;

    private ModelTokenizer(Tokenizer tokenizer, int? prefix, int? suffix, int paddingId)
    {
        _tokenizer = tokenizer;
        _prefix = prefix;
        _suffix = suffix;
        PaddingId = paddingId;
    }

    public int PaddingId { get; }

    public static ModelTokenizer Load(string folder, TokenizerManifest manifest)
    {
        var vocabulary = Path.Combine(folder, manifest.Vocabulary);
        switch (manifest.Kind)
        {
            case TokenizerKind.WordPiece:
                var bert = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = manifest.LowerCase });
                return new ModelTokenizer(bert, bert.ClassificationTokenId, bert.SeparatorTokenId, bert.PaddingTokenId);
            case TokenizerKind.Bpe:
                var merges = manifest.Merges is { } m ? Path.Combine(folder, m) : throw new InvalidDataException("a BPE tokenizer needs tokenizer.merges (merges.txt)");
                var bpe = BpeTokenizer.Create(vocabulary, merges, PreTokenizer.CreateWordOrNonWord(), manifest.LowerCase ? new LowerCaseNormalizer() : null, null, manifest.UnknownToken, null, null, false);
                return new ModelTokenizer(bpe, null, null, 0);
            case TokenizerKind.SentencePiece:
                using (var stream = File.OpenRead(vocabulary))
                {
                    return new ModelTokenizer(SentencePieceTokenizer.Create(stream, false, false), null, null, 0);
                }

            default:
                throw new InvalidDataException($"tokenizer kind '{manifest.Kind}' is not one of {string.Join(", ", Enum.GetNames<TokenizerKind>())}");
        }
    }

    public EncodedText Encode(string text, int maxLength)
    {
        var tokens = _tokenizer.EncodeToTokens(text, out _);
        var room = maxLength - (_prefix is null ? 0 : 1) - (_suffix is null ? 0 : 1);
        var kept = Math.Min(tokens.Count, Math.Max(room, 0));
        var ids = new List<long>(kept + 2);
        var offsets = new List<(int, int)>(kept + 2);
        if (_prefix is { } prefix)
        {
            ids.Add(prefix);
            offsets.Add((-1, 0));
        }

        for (var i = 0; i < kept; i++)
        {
            ids.Add(tokens[i].Id);
            var (offset, length) = tokens[i].Offset.GetOffsetAndLength(text.Length);
            offsets.Add((offset, length));
        }

        if (_suffix is { } suffix)
        {
            ids.Add(suffix);
            offsets.Add((-1, 0));
        }

        return new EncodedText([.. ids], [.. offsets], kept < tokens.Count);
    }

    public long[] EncodeIds(string text) => [.. _tokenizer.EncodeToIds(text).Select(i => (long)i)];

    public string Decode(IEnumerable<long> ids) => _tokenizer.Decode(ids.Select(i => (int)i)) ?? string.Empty;
}
