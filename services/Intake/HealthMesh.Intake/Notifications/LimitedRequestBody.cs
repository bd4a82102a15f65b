using Microsoft.AspNetCore.Http;

namespace HealthMesh.Intake.Notifications;

/// <summary>The size limit on what an EHR or a sidecar may post, enforced while reading.</summary>
internal static class LimitedRequestBody
{
    /// <summary>Reads at most <paramref name="maxBytes"/>; null when the body is larger, whatever Content-Length claimed.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
