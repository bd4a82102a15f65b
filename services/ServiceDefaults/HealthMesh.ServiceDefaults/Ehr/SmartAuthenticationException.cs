namespace HealthMesh.ServiceDefaults.Ehr;

/// <summary>HealthMesh could not obtain an access token from the EHR; the message says which step failed and the EHR's OAuth error.</summary>
public sealed class SmartAuthenticationException(string message, Exception? inner = null) : Exception(message, inner);
