namespace HealthMesh.AllInOne.Hosting;

public sealed record EmbeddedHostInfo(string BaseUrl, string DataDirectory, bool SecretsCreated);
