/** Shared with the worker's new-device mail, so both name a device the same way. */
export { describeUserAgent, isPhone } from "../../../worker/auth/user-agent";
