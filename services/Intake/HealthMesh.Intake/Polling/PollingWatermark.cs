namespace HealthMesh.Intake.Polling;

/// <param name="WatermarkAt">Highest <c>_lastUpdated</c> of the last finished round; null before the first.</param>
/// <param name="RoundHigh">Highest <c>_lastUpdated</c> seen so far in the round that is paging.</param>
/// <param name="NextUrl">The round's next page, while it pages; null between rounds.</param>
public sealed record PollingWatermark(string SourceId, DateTimeOffset? WatermarkAt, DateTimeOffset? RoundHigh, string? NextUrl);
