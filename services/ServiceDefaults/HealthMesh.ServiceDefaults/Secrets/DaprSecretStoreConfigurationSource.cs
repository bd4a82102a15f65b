using Microsoft.Extensions.Configuration;

namespace HealthMesh.ServiceDefaults.Secrets;

public sealed class DaprSecretStoreConfigurationSource(DaprSecretsOptions options, string? apiToken, HttpMessageHandler? handler = null) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new DaprSecretStoreConfigurationProvider(options, apiToken, handler);
}
