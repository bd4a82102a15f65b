namespace HealthMesh.ServiceDefaults.Secrets;

/// <summary>A configuration key whose value is read from one key of one secret of the Dapr secret store.</summary>
/// <param name="ConfigurationKey">The key the value is given as (colon form), e.g. <c>HealthMesh:Ehr:Smart:PrivateKey</c>.</param>
/// <param name="Setting">The setting that named the secret, for error messages.</param>
public sealed record DaprSecretBinding(string ConfigurationKey, string Setting, string Secret, string Key);
