namespace HealthMesh.Orchestrator.Review;

/// <summary>One ICD-10-CM code offered to a reviewer adding a code. <paramref name="Billable"/> false: a category header.</summary>
public sealed record CodeSearchResult(string System, string Code, string Display, bool Billable);
