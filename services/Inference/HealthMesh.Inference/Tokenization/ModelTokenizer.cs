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
        var tokens = _tokenizer.EncodeToTokens(text, out var normalized);
        var toText = normalized is null || normalized == text ? null : Align(text, normalized);
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
            offsets.Add(toText is null ? tokens[i].Offset.GetOffsetAndLength(text.Length) : Original(toText, tokens[i].Offset.GetOffsetAndLength(normalized!.Length), text));
        }

        if (_suffix is { } suffix)
        {
            ids.Add(suffix);
            offsets.Add((-1, 0));
        }

        return new EncodedText([.. ids], [.. offsets], kept < tokens.Count);
    }

    /// <summary>
    /// For each index of the normalized text (and its end), the index of the original character it came from.
    /// SentencePiece offsets point into its normalized text — a "▁" word-start mark added in front, white-space runs
    /// written as one "▁" — which is longer than the input; BERT lower-casing keeps the length. Characters a
    /// normalizer changed in place map one to one.
    /// </summary>
    private static int[] Align(string text, string normalized)
    {
        const char WordStart = '\u2581';
        var map = new int[normalized.Length + 1];
        var i = 0;
        for (var j = 0; j < normalized.Length; j++)
        {
            var c = normalized[j];
            if (c == WordStart && (i >= text.Length || text[i] != WordStart))
            {
                map[j] = i;
                // A white-space run written as one mark; else the mark was added and stands for no character.
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                continue;
            }

            while (i < text.Length && char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(c))
            {
                i++; // white space the normalizer removed
            }

            map[j] = Math.Min(i, text.Length);
            i++;
        }

        map[normalized.Length] = Math.Min(i, text.Length);
        return map;
    }

    /// <summary>A token's normalized span as a span of the original text, white space around it left out.</summary>
    private static (int Start, int Length) Original(int[] map, (int Offset, int Length) token, string text)
    {
        var start = map[token.Offset];
        var end = Math.Max(start, map[token.Offset + token.Length]);
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return (start, end - start);
    }

    public long[] EncodeIds(string text) => [.. _tokenizer.EncodeToIds(text).Select(i => (long)i)];

    public string Decode(IEnumerable<long> ids) => _tokenizer.Decode(ids.Select(i => (int)i)) ?? string.Empty;
}
