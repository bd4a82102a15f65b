namespace HealthMesh.AllInOne.Hosting;

/// <param name="DataDirectory">SQLite files and the local development secrets live here.</param>
/// <param name="Port">Loopback port for the sandbox EHR, Intake, the review UI and the APIs.</param>
/// <param name="SeedSampleData">Load the shipped synthetic sample set into the sandbox EHR at start.</param>
/// <param name="LogProgress">Log each service's progress (serve); off, only warnings reach the console (process prints its own report).</param>
/// <param name="ListenAddress">Address the server binds; the services still reach each other on loopback. 0.0.0.0 in a container.</param>
public sealed record EmbeddedHostSettings(string DataDirectory, int Port, bool SeedSampleData, bool LogProgress = true, string ListenAddress = "127.0.0.1");
