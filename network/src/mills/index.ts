/**
 * Mills joining and leaving a running network: the join request, the channel updates that add
 * or remove a mill, and the commands that sign and submit them.
 */
export {
    fetchBlock,
    proposeMillJoin,
    proposeMillRemoval,
    signUpdate,
    submitUpdate,
    updateSigners,
    withMillAdded,
    withMillRemoved,
} from './channel-update';
export { addMillCommands } from './mill-commands';
export { joinMill, type JoinOutcome } from './mill-join';
export { leaveMill } from './mill-leave';
export { type JoinRequest, joinRequestFile, prepareJoiningMill, readJoinRequest } from './mill-request';
