using HealthMesh.AllInOne.Hosting;
using HealthMesh.ServiceDefaults.Ehr;
using Microsoft.Extensions.FileProviders;

namespace HealthMesh.AllInOne.Subscriptions;

/// <summary>
/// The EHR client the subscriptions commands use: HealthMesh's own (retries, SMART). With <c>--data-dir</c> the embedded
/// mode's SMART key is used; environment variables (<c>HealthMesh__Ehr__Smart__*</c>) configure any other EHR.
/// </summary>
public static class EhrConnection
{
    public static ServiceProvider Create(Uri ehrBaseUrl, string? dataDirectory)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["HealthMesh:Ehr:BaseUrl"] = ehrBaseUrl.AbsoluteUri });
        if (dataDirectory is not null && File.Exists(Path.Combine(Path.GetFullPath(dataDirectory), LocalSecrets.FileName)))
        {
            builder.Configuration.AddJsonFile(new PhysicalFileProvider(Path.GetFullPath(dataDirectory)), LocalSecrets.FileName, optional: false, reloadOnChange: false);
            if (builder.Configuration["HealthMesh:Ehr:Smart:PrivateKey"] is not null)
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["HealthMesh:Ehr:Smart:Enabled"] = "true",
                    ["HealthMesh:Ehr:Smart:ClientId"] = EmbeddedHost.SmartClientId,
                });
            }
        }

        builder.Configuration.AddEnvironmentVariables();
        builder.Services.AddLogging();
        builder.AddEhrClient();
        return builder.Services.BuildServiceProvider();
    }
}
