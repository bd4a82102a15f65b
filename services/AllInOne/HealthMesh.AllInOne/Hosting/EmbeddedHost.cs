using HealthMesh.AllInOne.Progress;
using HealthMesh.Deidentification;
using HealthMesh.Deidentification.Audit;
using HealthMesh.EhrSandbox;
using HealthMesh.EhrSandbox.Interactions;
using HealthMesh.Intake;
using HealthMesh.Orchestrator;
using HealthMesh.Orchestrator.Reviewers;
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
    public const string SmartClientId = "healthmesh";

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
        builder.WebHost.UseUrls($"http://{settings.ListenAddress}:{settings.Port}");

        builder.AddServiceDefaults();
        builder.AddEhrSandbox();
        builder.AddIntake();
        builder.AddDeidentification();
        builder.AddSummarization();
        builder.AddWriteBack();
        builder.AddOrchestrator();
        builder.AddReviewerAuthentication(developmentLoginAllowed: true);
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
        app.MapDeidentificationApi(KnownReviewerPolicies.Operate);
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
        // Both ends of SMART Backend Services, as with a real EHR: the sandbox requires tokens, HealthMesh signs its
        // token requests with the local key whose public half the sandbox has registered (keys in the secrets file).
        ["HealthMesh:Ehr:Smart:Enabled"] = "true",
        ["HealthMesh:Ehr:Smart:ClientId"] = SmartClientId,
        ["HealthMesh:EhrSandbox:Smart:RequireAuthorization"] = "true",
        // The Quick start links open the sandbox in a browser; HealthMesh's own calls always carry (checked) tokens.
        ["HealthMesh:EhrSandbox:Smart:AllowAnonymousRead"] = "true",
        [$"HealthMesh:EhrSandbox:Smart:Clients:{SmartClientId}:Scope"] = "system/*.read system/*.write",
        // The review UI signs people in with the development login, as the sandbox EHR's practitioners; configure
        // HealthMesh:Review:Authentication (Mode Oidc, Authority, Audience) to use an identity provider instead.
        ["HealthMesh:Review:Authentication:Mode"] = "DevelopmentLogin",
        ["HealthMesh:Review:Authentication:DevelopmentReviewers:0:Id"] = "shah",
        ["HealthMesh:Review:Authentication:DevelopmentReviewers:0:Name"] = "Dr. Anita Shah",
        ["HealthMesh:Review:Authentication:DevelopmentReviewers:0:Practitioner"] = "Practitioner/sbx-pract-shah",
        ["HealthMesh:Review:Authentication:DevelopmentReviewers:0:Roles:0"] = "reviewer",
        ["HealthMesh:Review:Authentication:DevelopmentReviewers:0:Roles:1"] = "operator",
        ["HealthMesh:Review:Authentication:DevelopmentReviewers:1:Id"] = "lee",
        ["HealthMesh:Review:Authentication:DevelopmentReviewers:1:Name"] = "Dr. Marcus Lee",
        ["HealthMesh:Review:Authentication:DevelopmentReviewers:1:Practitioner"] = "Practitioner/sbx-pract-lee",
        ["HealthMesh:Review:Authentication:DevelopmentReviewers:1:Roles:0"] = "reviewer",
        ["HealthMesh:Review:Authentication:DevelopmentReviewers:2:Id"] = "viewer",
        ["HealthMesh:Review:Authentication:DevelopmentReviewers:2:Name"] = "Read-only viewer",
        ["HealthMesh:Review:Authentication:DevelopmentReviewers:2:Roles:0"] = "viewer",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:HealthMesh"] = logProgress ? "Information" : "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = logProgress ? "Information" : "Warning",
    };
}
