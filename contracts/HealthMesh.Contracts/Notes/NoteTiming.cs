namespace HealthMesh.Contracts;

/// <summary>How long one stage of drafting took (e.g. <c>engine</c>, <c>coding</c>, <c>grounding</c>), in milliseconds.</summary>
public sealed record NoteTiming(string Stage, double Milliseconds);
