using HealthMesh.AllInOne.Progress;
using HealthMesh.Deidentification;
using HealthMesh.Deidentification.Audit;
using HealthMesh.EhrSandbox;
using HealthMesh.EhrSandbox.Interactions;
using HealthMesh.Intake;
using HealthMesh.Orchestrator;
using HealthMesh.ServiceDefaults;
using HealthMesh.ServiceDefaults.Messaging;
using HealthMesh.Summarization;
using HealthMesh.WriteBack;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.FileProviders;

namespace HealthMesh.AllInOne.Hosting;

/// <summary>
/// Every HealthMesh service in one process: the sandbox EHR, Intake, De-identification, Summarization/Coding,
/// the Orchestrator (saga + review UI/API) and Write-back, on MassTransit's in-memory transport and SQLite files.
/// Configuration (appsettings.json, environment, command line) overrides every embedded default, so the same host can
/// run on RabbitMQ/PostgreSQL by setting <c>HealthMesh__Transport__Kind</c> and <c>HealthMesh__Database__*</c>.
/// </summary>
public static class EmbeddedHost
{
    public const string SandboxSubscriptionId = "sandbox";

    public static WebApplication Build(EmbeddedHostSettings settings, string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = "healthmesh",
            ContentRootPath = AppContext.BaseDirectory,
        });

        var dataDirectory = Path.GetFullPath(settings.DataDirectory);
        LocalSecrets.EnsureFile(dataDirectory, out var secretsCreated);
        var baseUrl = $"http://127.0.0.1:{settings.Port}";

        // Lowest precedence first: embedded defaults, then the local secrets file; appsettings, environment and
        // command line (already registered) still win.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults(dataDirectory, baseUrl, settings.LogProgress) });
        builder.Configuration.Sources.Insert(1, new JsonConfigurationSource
        {
            Path = LocalSecrets.FileName,
            Optional = false,
            FileProvider = new PhysicalFileProvider(dataDirectory),
        });
        builder.WebHost.UseUrls(baseUrl);

        builder.AddServiceDefaults();
        builder.AddEhrSandbox();
        builder.AddIntake();
        builder.AddDeidentification();
        builder.AddSummarization();
        builder.AddWriteBack();
        builder.AddOrchestrator();
        builder.Services.AddSingleton(new EmbeddedHostInfo(baseUrl, dataDirectory, secretsCreated));
        builder.AddHealthMeshBus(bus =>
        {
            bus.AddIntakeConsumers();
            bus.AddDeidentificationConsumers();
            bus.AddSummarizationConsumers();
            bus.AddWriteBackConsumers();
            bus.AddOrchestratorConsumers();
            bus.AddProgressConsumers();
        });

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapEhrSandboxApi("/fhir");
        app.MapIntakeApi();
        app.MapOrchestratorApi();
        app.MapDeidentificationApi();
        return app;
    }

    private static Dictionary<string, string?> Defaults(string dataDirectory, string baseUrl, bool logProgress) => new()
    {
        ["HealthMesh:Transport:Kind"] = "InMemory",
        ["HealthMesh:Database:Provider"] = "Sqlite",
        ["HealthMesh:Database:ConnectionString"] = $"Data Source={Path.Combine(dataDirectory, "healthmesh.db")}",
        ["HealthMesh:EhrSandbox:ConnectionString"] = $"Data Source={Path.Combine(dataDirectory, "ehr-sandbox.db")}",
        ["HealthMesh:EhrSandbox:BaseUrl"] = $"{baseUrl}/fhir",
        ["HealthMesh:Ehr:BaseUrl"] = $"{baseUrl}/fhir",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:HealthMesh"] = logProgress ? "Information" : "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = logProgress ? "Information" : "Warning",
    };
}
