/**
 * Form state for every form in the app: values, inline field errors from the Worker's own zod
 * schemas, the server's message when it refuses, and one submission at a time (Enter or click).
 */
import { useId, useRef, useState } from "preact/hooks";
import { safeParse, type z } from "zod/mini";
import { messageOf } from "../api/client";

export type FormValues = Record<string, string | boolean>;
export type FieldErrors<V> = Partial<Record<keyof V & string, string>>;

export interface FormOptions<V extends FormValues, S extends z.core.$ZodType> {
  initial: V;
  schema: S;
  /** Shapes the values into the schema's input when they differ (e.g. a confirmation field left out). */
  toInput?: (values: V) => unknown;
  /** Checks the schema cannot make, such as "the two passwords match". */
  check?: (values: V) => FieldErrors<V>;
  /** Sends the parsed body; a thrown error's message is shown above the submit button. */
  onSubmit: (data: z.output<S>, form: Form<V>) => Promise<void> | void;
}

export interface Form<V extends FormValues> {
  id: string;
  values: V;
  errors: FieldErrors<V>;
  formError: string | null;
  pending: boolean;
  set: <K extends keyof V & string>(name: K, value: V[K]) => void;
  reset: (values?: V) => void;
  setFormError: (message: string | null) => void;
  handleSubmit: (event: Event) => void;
}

/** An empty field whose schema has no message of its own would show zod's default ("Too small: …"). */
function messageFor(issue: z.core.$ZodIssue, value: unknown): string {
  return value === "" && issue.code === "too_small" && issue.message.startsWith("Too small") ? "This field is required." : issue.message;
}

export function useForm<V extends FormValues, S extends z.core.$ZodType>(options: FormOptions<V, S>): Form<V> {
  const id = useId();
  const [values, setValues] = useState(options.initial);
  const [errors, setErrors] = useState<FieldErrors<V>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // State updates land on the next render; this guards the same tick against a second Enter.
  const busy = useRef(false);
  const latest = useRef(options);
  latest.current = options;

  const form: Form<V> = {
    id,
    values,
    errors,
    formError,
    pending,
    set(name, value) {
      setValues((v) => ({ ...v, [name]: value }));
      setErrors((e) => (e[name] ? { ...e, [name]: undefined } : e));
    },
    reset(next = latest.current.initial) {
      setValues(next);
      setErrors({});
      setFormError(null);
    },
    setFormError,
    handleSubmit(event) {
      event.preventDefault();
      if (busy.current) return;
      const element = event.currentTarget as HTMLFormElement;
      const { schema, toInput, check, onSubmit } = latest.current;
      const parsed = safeParse(schema, toInput ? toInput(values) : values);
      const fieldErrors: FieldErrors<V> = check ? check(values) : {};
      let topError: string | null = null;
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const key = issue.path[0];
          if (typeof key === "string" && key in values) fieldErrors[key as keyof V & string] ??= messageFor(issue, values[key]);
          else topError ??= issue.message;
        }
      }
      const invalid = Object.values(fieldErrors).some(Boolean);
      setErrors(fieldErrors);
      setFormError(topError);
      if (invalid || !parsed.success) {
        requestAnimationFrame(() => element.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
        return;
      }
      busy.current = true;
      setPending(true);
      Promise.resolve()
        .then(() => onSubmit(parsed.data, form))
        .catch((error: unknown) => setFormError(messageOf(error)))
        .finally(() => {
          busy.current = false;
          setPending(false);
        });
    },
  };
  return form;
}
