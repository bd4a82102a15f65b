namespace HealthMesh.EhrSandbox.FunctionalTests;

public sealed record ReceivedNotification(string Path, string? ContentType, string Body, string Authorization, int AnsweredStatus);
