namespace HealthMesh.Inference.Generation;

public enum GenerationStop
{
    StopToken,
    StopString,
    GrammarComplete,
    MaxTokens,
}
