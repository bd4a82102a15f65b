using HealthMesh.ServiceDefaults.Ehr;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.EhrSandbox.FunctionalTests.Authorization;

/// <summary>HealthMesh's own EHR client (ServiceDefaults) with SMART on, talking to the in-process sandbox.</summary>
public static class SmartClient
{
    public const string ClientId = "healthmesh-tests";

    public static Dictionary<string, string?> SandboxSettings(SmartKeyPair key, string scope = "system/*.read system/*.write") => new()
    {
        ["HealthMesh:EhrSandbox:Smart:RequireAuthorization"] = "true",
        [$"HealthMesh:EhrSandbox:Smart:Clients:{ClientId}:Jwks"] = key.PublicJwks,
        [$"HealthMesh:EhrSandbox:Smart:Clients:{ClientId}:Scope"] = scope,
    };

    public static ServiceProvider Create(EhrSandboxFactory sandbox, SmartKeyPair key, TimeProvider clock, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthMesh:Ehr:BaseUrl"] = new Uri(sandbox.Server.BaseAddress, "fhir").AbsoluteUri,
            ["HealthMesh:Ehr:Smart:Enabled"] = "true",
            ["HealthMesh:Ehr:Smart:ClientId"] = ClientId,
            ["HealthMesh:Ehr:Smart:PrivateKey"] = key.PrivateKeyPem,
            ["HealthMesh:Ehr:Smart:KeyId"] = key.KeyId,
            ["HealthMesh:Ehr:Smart:Algorithm"] = key.Algorithm,
        }).AddInMemoryCollection(overrides ?? new Dictionary<string, string?>());
        builder.Services.AddLogging();
        builder.Services.AddSingleton(clock);
        builder.Services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => sandbox.Server.CreateHandler()));
        builder.AddEhrClient();
        return builder.Services.BuildServiceProvider();
    }
}
