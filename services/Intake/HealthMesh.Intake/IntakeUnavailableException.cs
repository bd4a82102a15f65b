namespace HealthMesh.Intake;

/// <summary>
/// The event could not be handed on now (broker or EHR unavailable). Its journal entry stays pending so a redelivery
/// by the EHR completes it; over HTTP this is a 503 with <c>Retry-After</c>.
/// </summary>
public sealed class IntakeUnavailableException(string reason, Exception? innerException = null) : Exception(reason, innerException);
