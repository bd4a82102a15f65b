using Microsoft.AspNetCore.Http;

namespace HealthMesh.Intake;

/// <summary>The event cannot be accepted as sent; retrying the same delivery will not help. The message names what is wrong (ids only).</summary>
public sealed class IntakeRejectedException(string reason, int statusCode = StatusCodes.Status400BadRequest, Exception? innerException = null)
    : Exception(reason, innerException)
{
    public int StatusCode { get; } = statusCode;
}
