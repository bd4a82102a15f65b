namespace HealthMesh.Inference.Models;

/// <summary>Tokenizers read through Microsoft.ML.Tokenizers from the files in the model folder.</summary>
public enum TokenizerKind
{
    /// <summary>BERT WordPiece: <c>vocabulary</c> = vocab.txt (one token a line); [CLS] … [SEP] added.</summary>
    WordPiece,

    /// <summary>Byte-pair encoding: <c>vocabulary</c> = vocab.json, <c>merges</c> = merges.txt.</summary>
    Bpe,

    /// <summary>SentencePiece: <c>vocabulary</c> = the tokenizer.model protobuf (BPE or Unigram).</summary>
    SentencePiece,
}
