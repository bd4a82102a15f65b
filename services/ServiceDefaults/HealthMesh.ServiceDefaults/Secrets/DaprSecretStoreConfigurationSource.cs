using Microsoft.Extensions.Configuration;

namespace HealthMesh.ServiceDefaults.Secrets;

public sealed class DaprSecretStoreConfigurationSource(
    DaprSecretsOptions options,
    IReadOnlyList<DaprSecretBinding> bindings,
    string? apiToken,
    HttpMessageHandler? handler = null) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new DaprSecretStoreConfigurationProvider(options, bindings, apiToken, handler);
}
