namespace HealthMesh.Inference.Models;

/// <summary>What a model folder's graph computes; decides the inputs and outputs its manifest must name.</summary>
public enum ModelTask
{
    /// <summary>One vector per text: output <c>[batch, hidden]</c> (pooled) or <c>[batch, sequence, hidden]</c> (mean-pooled over the attention mask here).</summary>
    TextEmbedding,

    /// <summary>One label per text: logits <c>[batch, labels]</c>.</summary>
    SequenceClassification,

    /// <summary>One label per token: logits <c>[batch, sequence, labels]</c>, merged into labelled character spans (BIO).</summary>
    TokenClassification,

    /// <summary>Next-token logits <c>[batch, sequence, vocabulary]</c> with past/present key-value cache tensors per layer.</summary>
    CausalGeneration,
}
