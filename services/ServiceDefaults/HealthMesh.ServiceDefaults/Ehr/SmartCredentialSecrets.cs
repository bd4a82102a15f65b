using HealthMesh.ServiceDefaults.Secrets;
using Microsoft.Extensions.Configuration;

namespace HealthMesh.ServiceDefaults.Ehr;

/// <summary>
/// The SMART client's credentials named as secrets of the Dapr secret store, as configuration keys to fill. Only while
/// SMART is enabled: a deployment that switches it off (a sandbox EHR) needs no credentials secret.
/// </summary>
public static class SmartCredentialSecrets
{
    private const string Section = $"{EhrOptions.SectionName}:Smart";

    public static IReadOnlyList<DaprSecretBinding> Bindings(IConfiguration configuration) =>
        !configuration.GetValue<bool>($"{Section}:{nameof(SmartBackendOptions.Enabled)}")
            ? []
            :
            [
                .. Binding(configuration, nameof(SmartBackendOptions.PrivateKey), nameof(SmartBackendOptions.PrivateKeySecret)),
                .. Binding(configuration, nameof(SmartBackendOptions.ClientId), nameof(SmartBackendOptions.ClientIdSecret)),
            ];

    private static IEnumerable<DaprSecretBinding> Binding(IConfiguration configuration, string target, string reference)
    {
        var setting = $"{Section}:{reference}";
        var secret = configuration.GetSection(setting).Get<DaprSecretReference>();
        if (secret is null)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(secret.Name))
        {
            throw new InvalidOperationException($"{setting}:Name is required when {setting} is given (the secret's name in the Dapr secret store).");
        }

        yield return new DaprSecretBinding($"{Section}:{target}", setting, secret.Name, string.IsNullOrWhiteSpace(secret.Key) ? secret.Name : secret.Key);
    }
}
