using HealthMesh.ServiceDefaults.Ehr;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.ServiceDefaults.Secrets;

public static class SecretsExtensions
{
    /// <summary>
    /// When <c>HealthMesh:Dapr:SecretStore</c> is set (a Dapr sidecar beside the service), adds the secret store as the
    /// last configuration source, so its keys override the same keys from files and environment. Settings that name
    /// a secret of the store (the SMART client's <c>PrivateKeySecret</c> / <c>ClientIdSecret</c>) are read from it too.
    /// </summary>
    public static IHostApplicationBuilder AddDaprSecretStore(this IHostApplicationBuilder builder, HttpMessageHandler? sidecarHandler = null)
    {
        builder.Services.AddOptions<DaprSecretsOptions>().BindConfiguration(DaprSecretsOptions.SectionName).ValidateDataAnnotations();
        var options = builder.Configuration.GetSection(DaprSecretsOptions.SectionName).Get<DaprSecretsOptions>() ?? new DaprSecretsOptions();
        var bindings = SmartCredentialSecrets.Bindings(builder.Configuration);
        if (string.IsNullOrWhiteSpace(options.SecretStore))
        {
            return bindings.Count == 0 ? builder : throw new InvalidOperationException(
                $"{bindings[0].Setting} names Dapr secret '{bindings[0].Secret}', but {DaprSecretsOptions.SectionName}:SecretStore is not set: " +
                "name the secret store component the sidecar serves (e.g. healthmesh-secrets), or give the value itself.");
        }

        options.HttpEndpoint ??= SidecarEndpoint(builder.Configuration)
            ?? throw new InvalidOperationException(
                $"{DaprSecretsOptions.SectionName}:SecretStore is set but there is no Dapr sidecar address: set DAPR_HTTP_PORT (the sidecar injector does) or {DaprSecretsOptions.SectionName}:HttpEndpoint.");
        builder.Configuration.Add(new DaprSecretStoreConfigurationSource(options, bindings, builder.Configuration["DAPR_API_TOKEN"], sidecarHandler));
        return builder;
    }

    private static Uri? SidecarEndpoint(IConfiguration configuration) =>
        configuration["DAPR_HTTP_ENDPOINT"] is { Length: > 0 } endpoint ? new Uri(endpoint)
        : configuration["DAPR_HTTP_PORT"] is { Length: > 0 } port ? new Uri($"http://127.0.0.1:{port}")
        : null;
}
