namespace Paylent.Application.Common;

/// <summary>One input that failed validation: <paramref name="Field"/> is the request's property name.</summary>
public sealed record FieldError(string Field, string Code, string Message);

/// <summary>The request's shape is wrong; every surface maps this to its own error format.</summary>
public sealed class RequestValidationException(IReadOnlyList<FieldError> errors)
    : Exception("The request is invalid: " + string.Join("; ", errors.Select(e => e.Message)))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

/// <summary>The change lost a race with another one (stale version or duplicate key).</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>The addressed resource does not exist here (or is not visible to the caller).</summary>
public sealed class NotFoundException(string resource) : Exception($"The {resource} was not found.")
{
    public string Resource { get; } = resource;
}
