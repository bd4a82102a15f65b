namespace HealthMesh.Inference.Tokenization;

/// <summary>
/// Token ids of one text, special tokens included, with each token's character range in the text (start −1 for
/// special tokens). <c>Truncated</c>: the text had more tokens than the model's max length.
/// </summary>
public sealed record EncodedText(long[] Ids, (int Start, int Length)[] Offsets, bool Truncated);
