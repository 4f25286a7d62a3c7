package dev.blackout.junit;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/** Runs a {@link CrashProperty} method once, named after its models, with a {@link PropertyRunner}. */
final class CrashPropertyExtension implements TestTemplateInvocationContextProvider {

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context.getTestMethod()
        .map(m -> AnnotationSupport.isAnnotated(m, CrashProperty.class)).orElse(false);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    CrashProperty a = AnnotationSupport
        .findAnnotation(context.getRequiredTestMethod(), CrashProperty.class).orElseThrow();
    if (a.models().length == 0) {
      throw new IllegalArgumentException("@CrashProperty on "
          + context.getRequiredTestMethod().getName() + " names no model");
    }
    Settings settings = Settings.resolve(context::getConfigurationParameter,
        Settings.Defaults.of(a));
    int tries = Settings.tries(context::getConfigurationParameter, a.tries());
    return Stream.of(new Invocation(settings, tries, a));
  }

  private record Invocation(Settings settings, int tries, CrashProperty annotation)
      implements TestTemplateInvocationContext {
    @Override
    public String getDisplayName(int invocationIndex) {
      return "[" + String.join(", ", settings.models()) + "]";
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of(new Resolver(settings, tries, annotation, new PropertyRunner[1]));
    }
  }

  private record Resolver(Settings settings, int tries, CrashProperty annotation,
      PropertyRunner[] made) implements ParameterResolver, AfterTestExecutionCallback {
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
      return p.getParameter().getType() == PropertyRunner.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
      if (made[0] == null) {
        made[0] = new PropertyRunner(settings, tries, annotation, e);
      }
      return made[0];
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
      if (context.getExecutionException().isEmpty() && (made[0] == null || !made[0].used())) {
        throw new AssertionFailedError("@CrashProperty method "
            + context.getRequiredTestMethod().getName()
            + " never called verify(property) on its PropertyRunner parameter, so nothing was"
            + " tested");
      }
    }
  }
}
