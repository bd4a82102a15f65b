namespace HealthMesh.EhrSandbox.Subscriptions;

/// <summary>One recorded Backport event: which version of which resource it was about, and when (Unix ms).</summary>
public sealed record SubscriptionEventRow(long EventNumber, string ResourceType, string ResourceId, long VersionId, long OccurredAt);
