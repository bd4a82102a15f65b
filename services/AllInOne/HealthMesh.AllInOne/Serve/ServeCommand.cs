using System.CommandLine;
using HealthMesh.AllInOne.Hosting;
using HealthMesh.EhrSandbox.Seeding;

namespace HealthMesh.AllInOne.Serve;

public static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port")
        {
            Description = "Loopback port for the review UI, the sandbox EHR (/fhir), Intake and the APIs.",
            DefaultValueFactory = _ => 5080,
        };
        var dataDirectory = new Option<string>("--data-dir")
        {
            Description = "Where the SQLite files and the generated local secrets are kept.",
            DefaultValueFactory = _ => ".data",
        };
        var listen = new Option<string>("--listen")
        {
            Description = "Address to bind (0.0.0.0 to accept connections from other machines, as in a container).",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var noSampleData = new Option<bool>("--no-sample-data")
        {
            Description = "Do not load the synthetic sample set into the sandbox EHR.",
        };

        var command = new Command("serve", "Run every HealthMesh service in one process with the sandbox EHR and the review UI, and load the sample data.")
        {
            port, dataDirectory, listen, noSampleData,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = new EmbeddedHostSettings(
                parseResult.GetValue(dataDirectory)!, parseResult.GetValue(port), !parseResult.GetValue(noSampleData), ListenAddress: parseResult.GetValue(listen)!);
            await using var app = EmbeddedHost.Build(settings, []);
            var info = app.Services.GetRequiredService<EmbeddedHostInfo>();
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("HealthMesh.Serve");

            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await Console.Error.WriteLineAsync($"Port {settings.Port} is already in use (another healthmesh serve?). Stop it, or choose another port with --port.");
                return 2;
            }

            if (info.SecretsCreated)
            {
                logger.LogWarning("Created local development keys in {Path}. Keep them: they decrypt this data directory. Production shapes take keys from configuration or a secret store.", Path.Combine(info.DataDirectory, LocalSecrets.FileName));
            }

            await SandboxSubscriptions.EnsureAsync(app.Services, info, cancellationToken);
            if (settings.SeedSampleData)
            {
                var seeded = await app.Services.GetRequiredService<EhrSandboxSeeder>().SeedAsync(cancellationToken);
                logger.LogInformation("Sample data loaded into the sandbox EHR ({Count} cases). Drafts appear as they are ready.", seeded);
            }

            logger.LogInformation("HealthMesh is running. Review UI: {Review}  Sandbox EHR: {Fhir}  Press Ctrl+C to stop.", $"{info.BaseUrl}/review", $"{info.BaseUrl}/fhir");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
