namespace HealthMesh.ServiceDefaults.Secrets;

/// <summary>
/// One value of a secret in the Dapr secret store (<c>HealthMesh:Dapr:SecretStore</c>), by the secret's name and the
/// key inside it: the secret as the platform team keeps it (for example a Kubernetes Secret made with
/// <c>--from-file=private-key.pem</c>), without renaming its keys to configuration keys.
/// </summary>
public sealed class DaprSecretReference
{
    /// <summary>The secret's name in the store (a Kubernetes Secret's name, a Vault path, a Key Vault secret name).</summary>
    public string? Name { get; set; }

    /// <summary>
    /// The key inside the secret. Default: the secret's name, which is the key stores holding one value per secret
    /// (Azure Key Vault, AWS Secrets Manager, local environment) answer with.
    /// </summary>
    public string? Key { get; set; }
}
