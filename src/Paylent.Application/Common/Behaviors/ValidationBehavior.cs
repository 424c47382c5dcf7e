using FluentValidation;
using MediatR;

namespace Paylent.Application.Common.Behaviors;

/// <summary>Checks the shape of every request before its handler runs.</summary>
internal sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var failures = new List<FieldError>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(request, cancellationToken);
            failures.AddRange(result.Errors.Select(e => new FieldError(e.PropertyName, e.ErrorCode, e.ErrorMessage)));
        }

        return failures.Count == 0 ? await next() : throw new RequestValidationException(failures);
    }
}
