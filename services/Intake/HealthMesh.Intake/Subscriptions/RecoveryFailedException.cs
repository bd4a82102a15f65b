namespace HealthMesh.Intake.Subscriptions;

/// <summary>Recovery could not finish; the message (ids and statuses only) becomes the subscription's error reason.</summary>
public sealed class RecoveryFailedException(string reason, Exception? innerException = null) : Exception(reason, innerException);
