package dev.blackout.junit;

import java.lang.reflect.Method;
import java.util.Arrays;
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

/** Runs a {@link CrashTest} method once per model, with a {@link CrashRunner} for that model. */
final class CrashTestExtension implements TestTemplateInvocationContextProvider {

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, CrashTest.class))
        .orElse(false);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    Method method = context.getRequiredTestMethod();
    CrashTest settings = AnnotationSupport.findAnnotation(method, CrashTest.class).orElseThrow();
    if (settings.models().length == 0) {
      throw new IllegalArgumentException("@CrashTest on " + method.getName()
          + " names no model; give models = {\"ext4-ordered\", ...}");
    }
    String name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
    return Arrays.stream(settings.models()).map(m -> new Invocation(m, settings, name));
  }

  private record Invocation(String model, CrashTest settings, String testName)
      implements TestTemplateInvocationContext {
    @Override
    public String getDisplayName(int invocationIndex) {
      return "[" + model + "]";
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of(new Runner(new CrashRunner(model, settings, testName)));
    }
  }

  /** Hands the runner to the method and checks that it was used. */
  private record Runner(CrashRunner runner)
      implements ParameterResolver, AfterTestExecutionCallback {
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
      return p.getParameter().getType() == CrashRunner.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
      return runner;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
      if (context.getExecutionException().isEmpty() && !runner.used()) {
        throw new AssertionFailedError("@CrashTest method "
            + context.getRequiredTestMethod().getName()
            + " never called verify(scenario) on its CrashRunner parameter, so nothing was tested");
      }
    }
  }
}
